// `berth image inspect`: podman 4's ImageData for one stored image (libimage inspect.go field
// order). Reads only; resolving the reference is the caller's job.
import { dirname, join } from 'node:path';
import type { ImageInspectReport } from '../domain/image-reports.ts';
import type { ImageRecord } from '../storage/image-records.ts';
import type { EngineContext } from './engine-context.ts';
import {
  goTimeString,
  imageConfigView,
  imageLabels,
  manifestAnnotations,
  repoDigests,
  repoTags,
} from './image-view.ts';

export function inspectImage(ctx: EngineContext, image: ImageRecord): ImageInspectReport {
  const view = imageConfigView(image);
  const firstHistory = view.history[0];
  const comment = typeof firstHistory?.['comment'] === 'string' ? firstHistory['comment'] : '';
  const user = view.config['User'];
  return {
    Id: image.id,
    Digest: image.manifestDigest ?? '',
    RepoTags: repoTags(image),
    RepoDigests: repoDigests(image),
    Parent: '',
    Comment: comment,
    Created: goTimeString(view.created ?? image.created),
    Config: view.config,
    Version: '',
    Author: view.author,
    Architecture: view.architecture,
    Os: view.os,
    Size: image.sizeBytes,
    VirtualSize: image.sizeBytes,
    GraphDriver: graphDriver(ctx, image),
    RootFS: { Type: 'layers', Layers: view.diffIds },
    Labels: imageLabels(image),
    Annotations: manifestAnnotations(image),
    ManifestType: image.manifestMediaType ?? '',
    User: typeof user === 'string' ? user : '',
    History: view.history,
    NamesHistory: [...image.names].reverse(),
  };
}

function graphDriver(ctx: EngineContext, image: ImageRecord): ImageInspectReport['GraphDriver'] {
  const name = ctx.layers.driver;
  if (image.topLayer === null) return { Name: name, Data: null };
  if (name !== 'overlay') return { Name: name, Data: null };
  const chain = ctx.state.layers.chain(image.topLayer);
  const upper = ctx.layers.diffPath(image.topLayer);
  const data: Record<string, string> = {};
  const lowers = chain.slice(1).map((layer) => ctx.layers.diffPath(layer.id));
  if (lowers.length > 0) data['LowerDir'] = lowers.join(':');
  data['UpperDir'] = upper;
  data['WorkDir'] = join(dirname(upper), 'work');
  return { Name: name, Data: data };
}
