// Which of Start, Stop and Restart a compute instance's state (ComputeInstanceState) allows, kept
// free of imports so the tree can use it without loading the Azure bundle.

export type InstanceAction = 'start' | 'stop' | 'restart';

/** A compute instance's `properties.state` (ComputeInstanceState) while each action runs. */
export const transitionState: Readonly<Record<InstanceAction, string>> = { start: 'Starting', stop: 'Stopping', restart: 'Restarting' };

const running = new Set(['Running', 'JobRunning']);

/** The actions that make sense in a state: Start when stopped, Stop and Restart when running, none while it changes. */
export function instanceActions(state: string | undefined): InstanceAction[] {
	if (state === 'Stopped') {
		return ['start'];
	}
	return state && running.has(state) ? ['stop', 'restart'] : [];
}

/** States that are on the way to another one (shown with an ellipsis). */
export function isTransitionState(state: string | undefined): boolean {
	return !!state && /^(Creating|Deleting|Updating|Starting|Stopping|Restarting|SettingUp|UserSettingUp)$/.test(state);
}
