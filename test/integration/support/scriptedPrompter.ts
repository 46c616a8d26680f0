import type * as vscode from 'vscode';
import { UserCancelledError } from '../../../src/ui/errors';
import type { Prompter } from '../../../src/ui/prompter';

/** One scripted answer: what the prompt must look like, and what the "user" answers. */
export type Answer =
	| { inputBox: string | ((options: vscode.InputBoxOptions) => string) }
	| { pick: string | ((item: vscode.QuickPickItem, offered: readonly vscode.QuickPickItem[]) => boolean) }
	| { pickMany: string[] }
	| { confirm: boolean }
	| { folder: string }
	| { cancel: true };

/**
 * Answers prompts in order, like a user would, and fails the test on a prompt it did not expect.
 * The answers go through the same validation the real widgets apply (validateInput).
 */
export class ScriptedPrompter implements Prompter {
	readonly asked: string[] = [];

	constructor(private readonly answers: Answer[]) {}

	get remaining(): number {
		return this.answers.length;
	}

	async inputBox(options: vscode.InputBoxOptions): Promise<string> {
		const answer = this.next('inputBox', options.title ?? options.prompt);
		const value = typeof answer.inputBox === 'function' ? answer.inputBox(options) : answer.inputBox;
		const invalid = await options.validateInput?.(value);
		if (invalid) {
			throw new Error(`Scripted input "${value}" was refused: ${typeof invalid === 'string' ? invalid : invalid.message}`);
		}
		return value;
	}

	async quickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Promise<readonly T[]>, options: vscode.QuickPickOptions): Promise<T> {
		const answer = this.next('pick', options.title ?? options.placeHolder);
		const all = await items;
		const found = all.find((item) => (typeof answer.pick === 'function' ? answer.pick(item, all) : item.label === answer.pick));
		if (!found) {
			throw new Error(`Scripted pick ${String(answer.pick)} is not among: ${all.map((i) => i.label).join(', ')}`);
		}
		return found;
	}

	async quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[] | Promise<readonly T[]>, options: vscode.QuickPickOptions): Promise<T[]> {
		const answer = this.next('pickMany', options.title ?? options.placeHolder);
		const all = await items;
		return answer.pickMany.map((label) => {
			const found = all.find((item) => item.label === label);
			if (!found) {
				throw new Error(`Scripted pick ${label} is not among: ${all.map((i) => i.label).join(', ')}`);
			}
			return found;
		});
	}

	confirm(message: string): Promise<boolean> {
		return Promise.resolve(this.next('confirm', message).confirm);
	}

	pickFolder(options: { title: string }): Promise<string> {
		return Promise.resolve(this.next('folder', options.title).folder);
	}

	private next<K extends string>(kind: K, title: string | undefined): Extract<Answer, Record<K, unknown>> {
		this.asked.push(`${kind}: ${title ?? ''}`);
		const answer = this.answers.shift();
		if (!answer) {
			throw new Error(`Unexpected prompt (${kind}): ${title ?? ''}`);
		}
		if ('cancel' in answer) {
			throw new UserCancelledError(title);
		}
		if (!(kind in answer)) {
			throw new Error(`Expected a ${Object.keys(answer)[0]} prompt, got ${kind}: ${title ?? ''}`);
		}
		return answer as Extract<Answer, Record<K, unknown>>;
	}
}
