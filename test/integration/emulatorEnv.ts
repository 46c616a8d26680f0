import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AzureMlEmulator } from '../emulator/AzureMlEmulator';

/**
 * Starts the Azure ML emulator (with Azurite) and gives the environment that points the extension
 * at it: the emulator is a custom cloud reached with a static token, and tests steer it (faults,
 * scenarios, seeding) through `AZUREML_EXPLORER_EMULATOR_URL`/_emulator/. Integration runs use the
 * fast pace; the demo the interactive one (jobs take about 15 s).
 *
 * The emulator's sign-in authority is https with a certificate made for this run; only the test
 * that signs in there trusts it (see support/testCertificate.ts), and the files go when this process
 * exits.
 */
export async function startEmulatorWithEnv(pace: 'fast' | 'interactive' = 'fast'): Promise<{ emulator: AzureMlEmulator; env: Record<string, string> }> {
	const certificate = makeLoopbackCertificate();
	const emulator = await AzureMlEmulator.start({ pace, identity: { cert: certificate.cert, key: certificate.key } });
	const info = emulator.info();
	return {
		emulator,
		env: {
			AZUREML_EXPLORER_ARM_ENDPOINT: info.armEndpoint,
			AZUREML_EXPLORER_BLOB_ENDPOINT_TEMPLATE: info.blobEndpointTemplate,
			AZUREML_EXPLORER_STATIC_TOKEN: info.token,
			AZUREML_EXPLORER_EMULATOR_URL: info.origin,
			AZUREML_EXPLORER_TEST_CA_CERT: certificate.certPath,
		},
	};
}

/** A self-signed certificate for 127.0.0.1, valid for a day, made with openssl (1.1.1 or later). */
function makeLoopbackCertificate(): { cert: Buffer; key: Buffer; certPath: string } {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'azureml-explorer-identity-'));
	process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
	const certPath = path.join(dir, 'cert.pem');
	const keyPath = path.join(dir, 'key.pem');
	const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
	const made = spawnSync('openssl', args, { encoding: 'utf8' });
	if (made.error || made.status !== 0) {
		throw new Error(`Could not make the test certificate with openssl (install OpenSSL 1.1.1 or later): ${made.error?.message ?? made.stderr}`);
	}
	return { cert: readFileSync(certPath), key: readFileSync(keyPath), certPath };
}
