import model from 'wink-eng-lite-web-model';

type CoreFeature = { hash?: object; list?: unknown[] } & Record<string, unknown>;
type Core = { features: Record<string, CoreFeature> } & Record<string, unknown>;
let decodedCore: Core | null = null;
let metaCER: unknown = null;

/**
 * The language model with a copy-on-write core. wink-nlp decodes the model's core (a few hundred
 * milliseconds) for every instance, and an instance records each out-of-vocabulary word it meets in the
 * core's feature hashes and lists. Here the core is decoded once; each instance gets feature hashes that
 * inherit from the decoded ones (new words land in the instance's own layer) and copies of the lists, so a
 * fresh instance costs tens of milliseconds and learns nothing from other instances. This relies on the
 * internals of the pinned wink-nlp 2.4 / wink-eng-lite-web-model 1.8 (tested in test/analysis/nlp.test.ts).
 */
export function isolatedModel(): typeof model {
  // interop: wink-nlp types model.core / metaCER as data, at runtime they are decoder functions
  if (decodedCore === null) decodedCore = (model.core as unknown as () => Core)();
  // The model's metaCER loader re-stringifies its (module-level) machines on every call, so the string
  // doubles in size with every instance: load it once.
  if (metaCER === null) metaCER = (model.metaCER as unknown as () => unknown)();
  const meta = metaCER;
  const core = decodedCore;
  const overlay = (): Core => {
    const features: Record<string, CoreFeature> = {};
    for (const [k, f] of Object.entries(core.features)) {
      const copy: CoreFeature = { ...f };
      if (f.hash !== undefined && f.hash !== null) copy.hash = Object.create(f.hash) as object;
      if (Array.isArray(f.list)) copy.list = f.list.slice();
      features[k] = copy;
    }
    return { ...core, features };
  };
  return {
    ...model,
    // interop: the overlay stands in for the decoder functions wink-nlp calls (see above)
    core: overlay as unknown as (typeof model)['core'],
    metaCER: (() => meta) as unknown as (typeof model)['metaCER'],
  };
}
