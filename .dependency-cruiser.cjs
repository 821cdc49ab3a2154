/**
 * The floor plan of src/, checked by `npm run lint`: a dependency-free model at the base; API
 * clients over one transport; operations over them; reporting and GitHub beside each other on
 * top; main.ts (with inputs/) wires them. Every import points down, and nothing goes round
 * in a cycle.
 */
const below = (floor, ...forbidden) => ({
  name: `${floor}-imports-only-below`,
  comment: `src/${floor}/ may import only from the floors below it`,
  severity: 'error',
  from: { path: `^src/${floor}/` },
  to: { path: `^src/(${forbidden.join('|')})` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes two modules one; split what both need into a lower floor',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    below('model', 'api/', 'operations/', 'reporting/', 'github/', 'main\\.ts', 'inputs/', 'index\\.ts'),
    {
      name: 'model-has-no-dependencies',
      comment: 'src/model/ is plain TypeScript: no packages, no Node built-ins',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'] },
    },
    below('api', 'operations/', 'reporting/', 'github/', 'main\\.ts', 'inputs/', 'index\\.ts'),
    below('operations', 'reporting/', 'github/', 'main\\.ts', 'inputs/', 'index\\.ts'),
    below('reporting', 'api/', 'operations/', 'github/', 'main\\.ts', 'inputs/', 'index\\.ts'),
    below('github', 'api/', 'operations/', 'reporting/', 'main\\.ts', 'inputs/', 'index\\.ts'),
    {
      name: 'inputs-read-only-by-main',
      comment: 'Inputs are parsed once, in main.ts; every other module receives what it needs',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main\\.ts|inputs/)' },
      to: { path: '^src/inputs/' },
    },
    {
      name: 'main-only-from-index',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'src-never-imports-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
