// The metric charts panel's script (dist/webview/metrics.js). Only the vscode-elements in use are
// imported, each registering its custom element.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { defaultUiState, parsePersistedState, type PersistedState, type WebviewMessage } from '../../src/protocol/metrics';
import { MetricsApp } from './MetricsApp';
import './metrics.css';

// acquireVsCodeApi may be called once; its object stays inside this bundle's scope.
const vscode = acquireVsCodeApi<PersistedState>();
const app = new MetricsApp(
	document.body,
	{ postMessage: (message: WebviewMessage) => vscode.postMessage(message), setState: (state) => vscode.setState(state) },
	parsePersistedState(vscode.getState()),
	defaultUiState,
);
window.addEventListener('message', (event: MessageEvent) => app.receive(event.data));
window.addEventListener('error', (event) => vscode.postMessage({ type: 'reportError', message: String(event.message).slice(0, 2000) }));
vscode.postMessage({ type: 'ready' });
