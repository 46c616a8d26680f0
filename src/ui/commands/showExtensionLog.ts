import { extensionLog } from '../extensionLog';

export function showExtensionLog(): void {
	extensionLog.show();
}
