/**
 * The --channels vocabulary and the pixel layouts it resolves to, kept apart from image-folder.ts (which loads sharp's native addon) so
 * that option resolution and `--help` can name the choices without loading an image decoder.
 */

/** Channel layout of decoded pixels: 1 (luminance) or 3 (sRGB), interleaved (HWC). */
export type PixelLayout = 'gray' | 'rgb';

/** How channels are chosen; 'auto' is gray when every image is gray, else rgb. */
export type ChannelChoice = 'auto' | PixelLayout;

export const channelChoiceDescriptions = {
  auto: 'gray when every image is gray, else rgb',
  gray: 'one channel',
  rgb: 'three channels',
} as const satisfies Record<ChannelChoice, string>;

/** The choices for commander's `.choices()`, in this order. */
export const CHANNEL_CHOICES = Object.keys(channelChoiceDescriptions) as ChannelChoice[];
