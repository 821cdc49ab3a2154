/**
 * The floor plan of src/, checked by `npm run lint`: a dependency-free model at the base; API
 * clients over one transport; operations over them; reporting and GitHub beside each other on
 * top; the jobs over them; main.ts (with inputs/) reads the inputs and runs a job, for the
 * entries of src/actions/. Every import points down, and nothing goes round
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
    below('model', 'api/', 'operations/', 'reporting/', 'github/', 'jobs/', 'main\\.ts', 'inputs/', 'actions/'),
    {
      name: 'model-has-no-dependencies',
      comment: 'src/model/ is plain TypeScript: no packages, no Node built-ins',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'] },
    },
    below('api', 'operations/', 'reporting/', 'github/', 'jobs/', 'main\\.ts', 'inputs/', 'actions/'),
    below('operations', 'reporting/', 'github/', 'jobs/', 'main\\.ts', 'inputs/', 'actions/'),
    below('reporting', 'api/', 'operations/', 'github/', 'jobs/', 'main\\.ts', 'inputs/', 'actions/'),
    below('github', 'api/', 'operations/', 'reporting/', 'jobs/', 'main\\.ts', 'inputs/', 'actions/'),
    below('jobs', 'main\\.ts', 'inputs/', 'actions/'),
    below('inputs', 'api/', 'operations/', 'reporting/', 'github/', 'jobs/', 'main\\.ts', 'actions/'),
    {
      name: 'inputs-read-only-by-main',
      comment: 'Inputs are parsed once, in main.ts; every other module receives what it needs',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main\\.ts|inputs/)' },
      to: { path: '^src/inputs/' },
    },
    {
      name: 'main-only-from-the-entries',
      comment: 'The entry of each action, src/actions/<job>.ts, calls run(); nothing else imports main.ts',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/actions/' },
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
