// Evidence references are text (ids, links); some point at images. Images stay blurred and
// greyscale until a moderator reveals one on purpose, and each reveal is recorded first.

const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif|bmp|heic|tiff?)(\?\S*)?(#\S*)?$/i;

/** An image id (image:…), an image data URL, or a link to an image file. */
export function isImageRef(ref: string): boolean {
  if (/^image:/i.test(ref) || /^data:image\//i.test(ref)) return true;
  return /^(https?:\/\/|\/)\S+$/i.test(ref) && IMAGE_FILE.test(ref);
}

/**
 * The URL the console may load the image from, or null. The console's content security policy
 * allows only its own origin and data: URLs, so a platform's CDN link is opened in a new tab
 * after the reveal instead of loaded into the page.
 */
export function loadableSrc(ref: string): string | null {
  if (/^data:image\//i.test(ref)) return ref;
  if (ref.startsWith('/') && !ref.startsWith('//')) return ref;
  try {
    const url = new URL(ref);
    return url.origin === window.location.origin ? url.href : null;
  } catch {
    return null;
  }
}

/** A link that may be opened in a new tab (http or https only). */
export function openableLink(ref: string): string | null {
  return /^https?:\/\//i.test(ref) ? ref : null;
}

/** Every evidence reference on the case once, in the order the reports gave them. */
export function uniqueRefs(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}
