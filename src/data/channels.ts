/**
 * The --channels vocabulary, kept apart from image-folder.ts (which loads sharp's native addon) so
 * that option resolution and `--help` can name the choices without loading an image decoder.
 */

/** How channels are chosen; 'auto' is gray when every image is gray, else rgb. */
export type ChannelChoice = 'auto' | 'gray' | 'rgb';

export const channelChoiceDescriptions = {
  auto: 'gray when every image is gray, else rgb',
  gray: 'one channel',
  rgb: 'three channels',
} as const satisfies Record<ChannelChoice, string>;

/** The choices for commander's `.choices()`, in this order. */
export const CHANNEL_CHOICES = Object.keys(channelChoiceDescriptions) as ChannelChoice[];
