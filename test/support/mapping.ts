/**
 * The mapping as the tests read it: `mapCalls` (src/forward/mapping.ts) answers with the calls or,
 * when there are none, the drop reason; assertions compare `{calls, dropped}` objects instead.
 */
import {
  mapCalls,
  type FsCall,
  type MappingDropReason,
  type MappingOptions,
  type PageDefaults,
} from '../../src/forward/mapping.js';

export interface MappingResult {
  calls: FsCall[];
  /** Set when the message has no calls. */
  dropped?: MappingDropReason;
}

/** Every option unset: what each one means then (`anonymous` is `uid`, the rest are off). */
export const DEFAULT_MAPPING: MappingOptions = {};

export function mapMessage(message: unknown, options = DEFAULT_MAPPING, defaults?: PageDefaults): MappingResult {
  const mapped = mapCalls(message, options, defaults);
  return typeof mapped === 'string' ? {calls: [], dropped: mapped} : {calls: mapped};
}
