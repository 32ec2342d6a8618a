/** The generate request for one asset, built from the manifest asset and what upstreams produced. */
import type { GenerateRequest } from '../api/wire.js';
import type { Asset, AssetRef } from '../model/manifest.js';

/** What a request needs from elsewhere: upstream image asset ids, the item to regenerate or edit. */
export interface RequestContext {
  /** `image` asset id of a source/end (local or external). */
  imageOf: (ref: AssetRef) => string;
  /** Item to regenerate (the lock's item id), for kinds other than edit. */
  previousItemId?: string;
  /** The item an edit adds its assets to: the source's item. */
  editItemId?: string;
}

/** Builds the generate body for an asset (a reverse clip is never requested on its own), with its `sizes`. */
export function requestBody(asset: Asset, ctx: RequestContext): GenerateRequest {
  const body = kindBody(asset, ctx);
  return asset.sizes ? { ...body, sizes: [...asset.sizes] } : body;
}

function kindBody(asset: Asset, ctx: RequestContext): GenerateRequest {
  const regen = ctx.previousItemId ? { item_id: ctx.previousItemId } : {};
  switch (asset.kind) {
    case 'image':
      return { type: 'image', name: asset.name, image_prompt: asset.image_prompt, ...regen };
    case 'animation':
      return {
        type: 'animation',
        name: asset.name,
        image_prompt: asset.image_prompt,
        animation_prompt: asset.animation_prompt,
        duration: asset.duration,
        loop: asset.loop,
        ...regen,
      };
    case 'animate':
      return {
        type: 'animation',
        name: asset.name,
        source_image_asset_id: ctx.imageOf(asset.source),
        animation_prompt: asset.animation_prompt,
        duration: asset.duration,
        loop: asset.loop,
        ...regen,
      };
    case 'transition':
      return {
        type: 'animation',
        name: asset.name,
        source_image_asset_id: ctx.imageOf(asset.source),
        end_image_asset_id: ctx.imageOf(asset.end),
        animation_prompt: asset.animation_prompt,
        duration: asset.duration,
        ...(asset.reverse ? { auto_reverse: true, reverse_name: asset.reverse.name } : {}),
        ...regen,
      };
    case 'edit':
      if (!ctx.editItemId) throw new Error(`edit "${asset.id}" has no source item`);
      return {
        type: 'edit',
        item_id: ctx.editItemId,
        source_image_asset_id: ctx.imageOf(asset.source),
        edit_instructions: asset.edit_instructions,
      };
    case 'logo':
      return {
        type: 'logo',
        name: asset.name,
        logo_description: asset.logo_description,
        logo_style_name: asset.logo_style_name,
        logo_style_instruction: asset.logo_style_instruction,
        ...regen,
      };
    case 'reverse':
      throw new Error(`reverse clip "${asset.id}" is generated with its transition "${asset.parent}"`);
    default: {
      const never: never = asset;
      throw new Error(`unknown asset kind ${JSON.stringify(never)}`);
    }
  }
}
