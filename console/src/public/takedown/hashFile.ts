import { browserHashes, fitWithin, isHashableImage } from '../../../../src/modules/takedowns/browser-hashes';
import type { TakedownHash } from '../../api/takedowns';

/**
 * Hashes a picture on the device: the file's bytes for MD5, and its pixels, drawn to fit 512x512
 * on a canvas, for PDQ (the server's own hasher). Nothing is uploaded. Throws when the file is not
 * a picture the browser can decode.
 */
export async function hashFile(file: File): Promise<TakedownHash & { fileName: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!isHashableImage(bytes)) throw new Error('not a picture');
  const bitmap = await createImageBitmap(new Blob([bytes]));
  try {
    const size = fitWithin(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no canvas');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const { data } = context.getImageData(0, 0, size.width, size.height);
    // Only the bare name, for the requester's own list; the server refuses paths anyway.
    const fileName = file.name.replace(/^.*[\\/]/, '').slice(0, 200) || 'picture';
    return { ...browserHashes(bytes, { data, width: size.width, height: size.height }), fileName };
  } finally {
    bitmap.close();
  }
}
