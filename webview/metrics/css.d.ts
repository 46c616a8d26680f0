// esbuild bundles an imported .css file into dist/webview/<panel>.css next to the script.
declare module '*.css';
