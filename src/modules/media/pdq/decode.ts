// Bytes of an untrusted upload -> RGB pixels at most 512 px on the long side, ready for PDQ.
// Node only (libvips through sharp). Every check that can run before decoding does: the bytes
// are sniffed, the declared type compared, and the header's pixel count refused above a limit,
// so neither a hostile file nor a decompression bomb reaches the pixel decoder unchecked.

import sharp, { type Metadata, type Sharp } from 'sharp';
import { readJpegHeader } from './jpeg-header.js';
import { MediaError } from './media-error.js';
import type { PixelImage } from './pdq.js';
import { contentTypeMatches, detectImageFormat, type ImageFormat } from './sniff.js';

/** PDQ's reference shrinks to fit 512x512 before hashing; hashes are only comparable at that size. */
export const HASHING_MAX_SIDE = 512;
/** Far above any photo a phone takes (~50 MP), far below what would exhaust memory when decoded. */
export const DEFAULT_MAX_PIXELS = 50_000_000;
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** A photo decodes in milliseconds; a crafted one (e.g. a JPEG of thousands of scans) can take minutes. */
export const DEFAULT_TIMEOUT_SECONDS = 10;

export interface DecodeOptions {
  /** The Content-Type the uploader declared; refused when it names another format. */
  contentType?: string;
  /** Refuse images whose header declares more pixels than this (width x height). */
  maxPixels?: number;
  /** Refuse uploads larger than this many bytes. */
  maxBytes?: number;
  /** Give up (as too_large) on a decode still running after this many seconds. */
  timeoutSeconds?: number;
}

export interface DecodedImage extends PixelImage {
  data: Buffer;
  channels: 3;
  format: ImageFormat;
  /** Size of the image as stored, before shrinking for hashing. */
  sourceWidth: number;
  sourceHeight: number;
  /** EXIF orientation (1-8, 1 when absent). Pixels are NOT rotated for it: see decodeForHashing. */
  orientation: number;
}

// How sharp names what we sniffed: it reports AVIF as the HEIF container it is.
const SHARP_FORMAT: Record<ImageFormat, string> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'heif',
  heif: 'heif',
};

/** Sniffs, declared type, size and pixel limits: throws MediaError; sharp never sees refused bytes. */
export function checkUpload(bytes: Uint8Array, options: DecodeOptions = {}): ImageFormat {
  if (bytes.length === 0) throw new MediaError('empty', 'the upload has no bytes');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) throw new MediaError('too_large', `${bytes.length} bytes is over the ${maxBytes} limit`);
  const format = detectImageFormat(bytes);
  if (!format) throw new MediaError('unsupported_format', 'not a JPEG, PNG, WebP, GIF, AVIF or HEIF image');
  if (options.contentType !== undefined && !contentTypeMatches(options.contentType, format)) {
    throw new MediaError('content_type_mismatch', `declared ${options.contentType} but the bytes are ${format}`);
  }
  return format;
}

/**
 * Decodes for hashing, as PDQ's reference does: first frame only, alpha dropped (not composited),
 * embedded ICC profiles ignored, and EXIF orientation NOT applied - the reference hashes pixels as
 * stored, so our hashes stay comparable with hash lists built by Meta's tools. The orientation is
 * returned; a rotated display of the same picture is one of the dihedral variants.
 */
export async function decodeForHashing(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedImage> {
  const format = checkUpload(bytes, options);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;

  const image = sharp(bytes, {
    limitInputPixels: maxPixels, // and libvips enforces the limit itself, in case headers disagree
    failOn: 'warning', // sharp's advice for untrusted input: truncated or damaged data is refused
    ignoreIcc: true, // the reference hashes stored values; colour-managing moved 2 bits on a vector
    autoOrient: false,
    pages: 1,
    sequentialRead: true,
  });
  const source = (format === 'jpeg' ? plainJpeg(bytes) : undefined) ?? (await readHeader(image, bytes, format, maxPixels));
  const { width, height } = source;
  if (width * height > maxPixels) throw tooManyPixels(width, height, maxPixels);

  try {
    let pipeline = image
      // libvips shrinks on load where it can (JPEG DCT scaling), then resamples the rest.
      .resize({
        width: HASHING_MAX_SIDE,
        height: HASHING_MAX_SIDE,
        fit: 'inside',
        withoutEnlargement: true,
        kernel: source.kernel,
      });
    // Most photos are 8-bit sRGB without alpha already: two more pipeline steps that change nothing
    // cost 1 ms of a 17 ms decode (measured on 1224x816 JPEGs), so only other images take them.
    if (!source.plainRgb) pipeline = pipeline.removeAlpha().toColourspace('srgb');
    const { data, info } = await pipeline
      .raw({ depth: 'uchar' })
      .timeout({ seconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new MediaError('corrupt', `decoded to ${info.channels} channels, not RGB`);
    return {
      data,
      width: info.width,
      height: info.height,
      channels: 3,
      format,
      sourceWidth: width,
      sourceHeight: height,
      orientation: source.orientation,
    };
  } catch (error) {
    throw decodeFailure(error, format);
  }
}

/** What decoding needs to know of the image before it starts. */
interface SourceHeader {
  width: number;
  height: number;
  orientation: number;
  kernel: 'cubic' | 'nearest';
  /** 8-bit sRGB without alpha: nothing to convert. */
  plainRgb: boolean;
}

/**
 * The header of an 8-bit colour JPEG (nearly every photo), read in JavaScript: libvips decodes
 * these to 8-bit sRGB, and asking it for the header first cost 2.5 ms of a 17 ms decode (CPU,
 * 1224x816 JPEGs: a trip to its thread pool and a second parse).
 * Any other JPEG (grey, CMYK, 12-bit, lossless, arithmetic-coded, odd markers) goes to readHeader.
 */
function plainJpeg(bytes: Uint8Array): SourceHeader | undefined {
  const header = readJpegHeader(bytes);
  if (!header || header.components !== 3 || header.precision !== 8 || header.process > 2) return undefined;
  return { width: header.width, height: header.height, orientation: header.orientation, kernel: 'cubic', plainRgb: true };
}

/** The header as libvips reads it, checked against the sniffed format. Reading a header is cheap even for a bomb. */
async function readHeader(image: Sharp, bytes: Uint8Array, format: ImageFormat, maxPixels: number): Promise<SourceHeader> {
  let metadata: Metadata;
  try {
    metadata = await image.metadata();
  } catch (error) {
    throw (await overLimit(bytes, maxPixels)) ?? decodeFailure(error, format);
  }
  const { width, height } = metadata;
  if (!width || !height) throw new MediaError('corrupt', 'the header gives no image size');
  if (metadata.format !== SHARP_FORMAT[format]) {
    throw new MediaError('corrupt', `the bytes start like ${format} but decode as ${metadata.format}`);
  }
  return {
    width,
    height,
    orientation: metadata.orientation ?? 1,
    kernel: shrinkKernel(format, metadata),
    plainRgb: metadata.space === 'srgb' && metadata.channels === 3 && !metadata.hasAlpha && metadata.depth === 'uchar',
  };
}

/** libvips refused the header over the limit: the same refusal, naming the size (read without the limit). */
async function overLimit(bytes: Uint8Array, maxPixels: number): Promise<MediaError | undefined> {
  const { width, height } = await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata().catch(() => ({ width: 0, height: 0 }));
  return width && height && width * height > maxPixels ? tooManyPixels(width, height, maxPixels) : undefined;
}

const tooManyPixels = (width: number, height: number, maxPixels: number) =>
  new MediaError('too_many_pixels', `${width}x${height} is over the ${maxPixels}-pixel limit`);

/**
 * Resamples as the reference's thumbnailing (Pillow) does, which keeps our hashes nearest to
 * Meta's: bicubic (Catmull-Rom), but nearest-neighbour for palette and 1-bit images, where Pillow
 * will not interpolate (our 1-bit original lands 10 bits from the reference so, 16 with cubic).
 */
function shrinkKernel(format: ImageFormat, metadata: Metadata): 'cubic' | 'nearest' {
  return format === 'gif' || metadata.isPalette || metadata.bitsPerSample === 1 ? 'nearest' : 'cubic';
}

/** Maps libvips' messages onto our codes; anything unrecognised is damage in the file. */
function decodeFailure(error: unknown, format: ImageFormat): MediaError {
  if (error instanceof MediaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return new MediaError('too_many_pixels', message, { cause: error });
  if (/timeout/i.test(message)) return new MediaError('too_large', `decoding took too long (${message})`, { cause: error });
  // (The bytes were sniffed as a format we read, so libvips not recognising them is damage.)
  if (/compression format|decoding plugin|unsupported codec/i.test(message)) {
    return new MediaError('unsupported_format', message, { cause: error });
  }
  // Prebuilt libvips has no HEVC decoder: a HEIC photo is a format we cannot read, not damage.
  if (format === 'heif') return new MediaError('unsupported_format', message, { cause: error });
  return new MediaError('corrupt', message, { cause: error });
}
