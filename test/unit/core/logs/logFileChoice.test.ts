import * as assert from 'node:assert/strict';
import { defaultLogFiles, groupLogFiles, logFileLabel } from '../../../../src/core/logs/logFileChoice';

const commonRuntime = [
	'system_logs/cs_capability/cs-capability.log',
	'system_logs/lifecycler/execution-wrapper.log',
	'user_logs/std_log_process_10.txt',
	'user_logs/std_log_process_2.txt',
	'user_logs/std_log_process_1.txt',
	'user_logs/std_log_process_0.txt',
];

describe('log file choice', () => {
	it('prefers the driver log when the job writes one', () => {
		assert.deepEqual(defaultLogFiles(['user_logs/std_log.txt', 'azureml-logs/55_azureml-execution.txt', 'azureml-logs/70_driver_log.txt'], false), [
			'azureml-logs/70_driver_log.txt',
		]);
	});

	it('takes rank 0 of a multi-node job, for either runtime', () => {
		assert.deepEqual(defaultLogFiles(commonRuntime, false), ['user_logs/std_log_process_0.txt']);
		assert.deepEqual(defaultLogFiles(['azureml-logs/70_driver_log_1.txt', 'azureml-logs/70_driver_log_0.txt'], false), ['azureml-logs/70_driver_log_0.txt']);
		assert.deepEqual(defaultLogFiles(['user_logs/std_log_node_1_ps.txt', 'user_logs/std_log_node_0_ps.txt'], false), ['user_logs/std_log_node_0_ps.txt']);
		assert.deepEqual(defaultLogFiles(['user_logs/std_log.txt'], false), ['user_logs/std_log.txt']);
	});

	it('never takes another rank as rank 0 (the az ml regex test cases)', () => {
		assert.deepEqual(defaultLogFiles(['user_logs/std_log_process_1.txt', 'user_logs/std_log_process_01.txt', 'user_logs/std_log_process_10.txt'], false), []);
	});

	it('streams a pipeline or sweep job\'s execution log', () => {
		assert.deepEqual(defaultLogFiles(['logs/azureml/executionlogs.txt', 'logs/azureml/stderrlogs.txt'], false), ['logs/azureml/executionlogs.txt']);
		assert.deepEqual(defaultLogFiles(['azureml-logs/hyperdrive.txt'], false), ['azureml-logs/hyperdrive.txt']);
	});

	it('waits while only system logs exist, and shows the numbered logs of a job that ended without a driver log', () => {
		const names = ['azureml-logs/65_job_prep-tvmps_1.txt', 'azureml-logs/20_image_build_log.txt', 'azureml-logs/process_info.json', 'system_logs/x.log'];
		assert.deepEqual(defaultLogFiles(names, false), []);
		assert.deepEqual(defaultLogFiles(names, true), ['azureml-logs/20_image_build_log.txt', 'azureml-logs/65_job_prep-tvmps_1.txt']);
		assert.deepEqual(defaultLogFiles([], true), []);
	});

	it('labels lines by rank, node role or file name', () => {
		assert.equal(logFileLabel('user_logs/std_log_process_3.txt'), 'rank 3');
		assert.equal(logFileLabel('azureml-logs/70_driver_log_12.txt'), 'rank 12');
		assert.equal(logFileLabel('user_logs/std_log_node_1_worker.txt'), 'node 1 worker');
		assert.equal(logFileLabel('azureml-logs/70_driver_log.txt'), '70_driver_log.txt');
		assert.equal(logFileLabel('system_logs/lifecycler/execution-wrapper.log'), 'execution-wrapper.log');
	});

	it('groups every file for the picker: user logs in rank order, then system logs, then the rest', () => {
		assert.deepEqual(groupLogFiles([...commonRuntime, 'outputs/notes.txt']), [
			{
				title: 'User logs',
				files: [
					{ name: 'user_logs/std_log_process_0.txt', label: 'rank 0' },
					{ name: 'user_logs/std_log_process_1.txt', label: 'rank 1' },
					{ name: 'user_logs/std_log_process_2.txt', label: 'rank 2' },
					{ name: 'user_logs/std_log_process_10.txt', label: 'rank 10' },
				],
			},
			{
				title: 'System logs',
				files: [
					{ name: 'system_logs/cs_capability/cs-capability.log', label: 'cs-capability.log' },
					{ name: 'system_logs/lifecycler/execution-wrapper.log', label: 'execution-wrapper.log' },
				],
			},
			{ title: 'Other files', files: [{ name: 'outputs/notes.txt', label: 'notes.txt' }] },
		]);
		assert.deepEqual(groupLogFiles([]), []);
	});
});
