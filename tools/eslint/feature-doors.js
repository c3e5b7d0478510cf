import path from 'node:path';

/**
 * ESLint rule `mien/feature-doors`: code outside a feature folder reaches it only through its
 * doors. A feature is any direct subfolder of `root` (for the engine: face/, rig/, store/, …, and
 * every folder added later, without listing it here). Its doors are `index.ts` (the engine-thread
 * API) and, where it has one, `tasks.ts` (what worker threads load: task handlers and the helpers
 * they need, free of the database and the scheduler). Files inside a feature import each other
 * freely; files at the root (engine.ts) and hosts are outside every feature.
 *
 * Written here rather than with `no-restricted-imports` because that rule matches import strings,
 * and whether `../face/x` enters another feature depends on where the importing file sits.
 */
export const featureDoors = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another feature folder only through its index (or its tasks door)' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          doors: { type: 'array', items: { type: 'string' } },
        },
        required: ['root'],
        additionalProperties: false,
      },
    ],
    messages: {
      deepImport:
        "'{{specifier}}' reaches inside the feature folder '{{feature}}'. Import '{{door}}' (its index) instead, and export what you need from {{feature}}/index.ts.",
    },
  },
  create(context) {
    const options = context.options[0];
    const root = path.resolve(context.cwd, options.root);
    const doors = new Set(options.doors ?? ['index']);
    const filename = path.resolve(context.filename);
    const featureOf = (file) => {
      const parts = path.relative(root, file).split(path.sep);
      return parts.length >= 2 && parts[0] !== '..' && !path.isAbsolute(parts[0]) ? parts[0] : null;
    };
    const ownFeature = featureOf(filename);

    const check = (sourceNode) => {
      if (!sourceNode || typeof sourceNode.value !== 'string' || !sourceNode.value.startsWith('.')) return;
      const specifier = sourceNode.value;
      const target = path.resolve(path.dirname(filename), specifier);
      const feature = featureOf(target);
      if (feature === null || feature === ownFeature) return;
      const inside = path.relative(path.join(root, feature), target).split(path.sep);
      const entry = inside[0].replace(/\.(?:[cm]?js|tsx?)$/, '');
      if (inside.length === 1 && doors.has(entry)) return;
      const door = path.relative(path.dirname(filename), path.join(root, feature)).split(path.sep).join('/');
      context.report({
        node: sourceNode,
        messageId: 'deepImport',
        data: { specifier, feature, door: door.startsWith('.') ? door : `./${door}` },
      });
    };

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export const mienPlugin = { rules: { 'feature-doors': featureDoors } };
