import { readFileSync } from 'node:fs';
import type * as Tls from 'node:tls';

// The module object itself (an `import *` namespace is read-only): VS Code's own TLS patch and Node's
// tls.connect look the function up on it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tls = require('node:tls') as typeof Tls;

/**
 * Trusts the certificate the runner made for the emulator's https sign-in authority
 * (`AZUREML_EXPLORER_TEST_CA_CERT`), in this extension host only and until the returned function is
 * called. `NODE_EXTRA_CA_CERTS` does not reach code-server's extension host, so the test adds the
 * certificate to each new TLS context, the way VS Code itself adds the system's certificates.
 */
export function trustTestCertificate(): () => void {
	const certPath = process.env.AZUREML_EXPLORER_TEST_CA_CERT;
	if (!certPath) {
		throw new Error('AZUREML_EXPLORER_TEST_CA_CERT is not set: run the suite with npm run test:integration');
	}
	const pem = readFileSync(certPath, 'utf8');
	const original = tls.createSecureContext;
	const patched = (options?: Tls.SecureContextOptions): Tls.SecureContext => {
		const context = original(options);
		if (!options?.ca) {
			(context.context as { addCACert(cert: string): void }).addCACert(pem);
		}
		return context;
	};
	tls.createSecureContext = patched;
	return () => {
		tls.createSecureContext = original;
	};
}
