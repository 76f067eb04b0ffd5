import type { BlueprintNode } from '../../blueprint/schema.js';

export type ConsentNodeLike = Extract<BlueprintNode, { type: 'consent' }>;
