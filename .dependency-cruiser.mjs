// The lint stage's check for import circles (npm run lint:cycles). ESLint's import/no-cycle skips
// `import type`, and a circle of types is still a circle: two files that cannot be read, moved
// or tested one without the other. So type-only imports count here.
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'These files import each other, maybe through others (type-only imports count). Move what both need into a file of its own. See ARCHITECTURE.md, Layers.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Read the TypeScript source as written, so `import type` and `export type ... from` count.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
}
