// The extension's entry point. It only times how long the bundle takes to load (the extension's
// own clock, because VS Code's "Running Extensions" view leaves out the time until activate()
// resolves) and hands over to the bundle.
'use strict';
const loadStart = performance.now();
const extension = require('./dist/extension.js');
const loadEnd = performance.now();

exports.activate = (context) => extension.activate(context, { loadStart, loadEnd });
exports.deactivate = () => extension.deactivate();
