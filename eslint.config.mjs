import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscodeImport = {
	name: 'vscode',
	message: 'core/, protocol/ and webview/ code never imports vscode: it runs in plain Node or in the browser.',
};

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.vscode-test/**', 'python/**', 'media/**'] },
	js.configs.recommended,
	...tseslint.configs.recommendedTypeChecked,
	{
		languageOptions: {
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/naming-convention': ['error', { selector: 'class', format: ['PascalCase'] }, { selector: 'interface', format: ['PascalCase'], custom: { regex: '^I[A-Z]', match: false } }],
			eqeqeq: ['error', 'always'],
			curly: 'error',
			'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'No default exports.' }],
		},
	},
	{
		files: ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'webview/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { paths: [noVscodeImport] }] },
	},
	{
		// The Azure SDKs are large: the activation path may only import their types. Values come
		// from the lazily required Azure bundle (src/azureEntry.ts).
		files: ['src/extension.ts', 'src/ui/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [{ group: ['@azure/*'], allowTypeImports: true, message: 'Import Azure SDK values lazily through src/azureEntry.ts.' }],
				},
			],
		},
	},
	{
		files: ['**/*.mjs', 'main.js'],
		...tseslint.configs.disableTypeChecked,
		languageOptions: { parserOptions: { projectService: false }, globals: { console: 'readonly', process: 'readonly', require: 'readonly', exports: 'writable', performance: 'readonly' } },
		rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-restricted-syntax': 'off', '@typescript-eslint/no-require-imports': 'off' },
	},
);
