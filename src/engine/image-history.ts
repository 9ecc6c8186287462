// `berth history`: the image config's history, newest first, with layer sizes and the IDs and
// names of images whose top layer a step produced (libimage history.go). Reads only.
import type { ImageHistoryEntry } from '../domain/image-reports.ts';
import type { ImageRecord } from '../storage/image-records.ts';
import type { LayerRecord } from '../storage/layer-records.ts';
import type { EngineContext } from './engine-context.ts';
import { goTimeString, imageConfigView } from './image-view.ts';

export function imageHistory(ctx: EngineContext, image: ImageRecord): ImageHistoryEntry[] {
  const { history } = imageConfigView(image);
  const chain: LayerRecord[] =
    image.topLayer === null ? [] : ctx.state.layers.chain(image.topLayer);
  const imagesByTopLayer = new Map<string, ImageRecord>();
  for (const other of ctx.state.images.list()) {
    if (other.topLayer !== null && !imagesByTopLayer.has(other.topLayer))
      imagesByTopLayer.set(other.topLayer, other);
  }
  const usedIds = new Set<string>();
  const entries: ImageHistoryEntry[] = [];
  let layerIndex = 0;
  for (let x = history.length - 1; x >= 0; x--) {
    const step = history[x] ?? {};
    const emptyLayer = step['empty_layer'] === true;
    const entry: ImageHistoryEntry = {
      id: x === history.length - 1 ? image.id : '<missing>',
      created: typeof step['created'] === 'string' ? goTimeString(step['created']) : '',
      CreatedBy: typeof step['created_by'] === 'string' ? step['created_by'] : '',
      tags: null,
      size: 0,
      comment: typeof step['comment'] === 'string' ? step['comment'] : '',
    };
    const layer = chain[layerIndex];
    if (layer !== undefined) {
      if (!emptyLayer) entry.size = layer.uncompressedSizeBytes ?? 0;
      const owner = imagesByTopLayer.get(layer.id);
      if (owner !== undefined) {
        if (!usedIds.has(owner.id)) {
          entry.id = owner.id;
          usedIds.add(owner.id);
        }
        entry.tags = owner.names.length > 0 ? [...owner.names] : null;
      }
      if (!emptyLayer) layerIndex++;
    }
    entries.push(entry);
  }
  return entries;
}
