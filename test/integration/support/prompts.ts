import * as assert from 'node:assert/strict';
import type { ExtensionApi } from '../../../src/extension';
import { type Answer, ScriptedPrompter } from './scriptedPrompter';

/** Runs `action` with the extension's prompts answered by `answers`; every answer must be used. */
export async function withAnswers<T>(api: ExtensionApi, answers: Answer[], action: () => Thenable<T> | Promise<T>): Promise<T> {
	const original = api.services.prompt;
	const scripted = new ScriptedPrompter(answers);
	api.services.prompt = scripted;
	try {
		const result = await action();
		assert.equal(scripted.remaining, 0, `unused answers; prompts seen: ${scripted.asked.join(' | ')}`);
		return result;
	} finally {
		api.services.prompt = original;
	}
}

/** Signed in to Azure (the emulator's token), a submit asks for its target first: this answers Local. */
export function localTarget(api: ExtensionApi): Answer[] {
	return api.services.azure.isSignedIn ? [{ pick: 'Local' }] : [];
}
