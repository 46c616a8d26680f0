/** The artifact folders where training scripts put event files: Keras' `./logs`, and `./outputs`. */
export const eventFileRoots = ['logs/', 'outputs/'] as const;

/**
 * Whether an artifact name (relative, '/'-separated, as run history and the local store give it)
 * is a TensorBoard event file under logs/ or outputs/, at any depth. Writers name them
 * `events.out.tfevents.<time>.<host>[.<pid>.<n>][<suffix>]`.
 */
export function isEventFileName(name: string): boolean {
	return eventFileRoots.some((root) => name.startsWith(root)) && /(^|\/)events\.out\.tfevents\.[^/]+$/.test(name);
}

/** The folder whose event files make one series per tag: `logs/train` for `logs/train/events.out.tfevents.1.h`. */
export function eventFolderOf(name: string): string {
	const slash = name.lastIndexOf('/');
	return slash < 0 ? '' : name.slice(0, slash);
}
