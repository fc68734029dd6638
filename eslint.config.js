import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['build/', '.react-router/', '.cache/', 'node_modules/', '.data/', 'db/migrations/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Routes read and write through app/modules/**: no tables, no SQL operators (STYLE.md, habit 2).
    files: ['app/routes/**', 'app/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'drizzle-orm', message: 'Query in the module of the aggregate (app/modules/**), not in a route.' }],
          patterns: [
            // '#' opens a comment in these gitignore-style patterns, hence the escape.
            { group: ['\\#db/schema', '\\#db/schema*', '\\#db/schema/*'], message: 'Routes and components do not import tables: use the module of the aggregate.' },
            { group: ['drizzle-orm/*'], message: 'Query in the module of the aggregate (app/modules/**), not in a route.' },
          ],
        },
      ],
    },
  },
)
