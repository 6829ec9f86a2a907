/** Why an upload could not be hashed. Callers branch on `code`; the message is for logs only. */
export type MediaErrorCode =
  | 'empty'
  | 'too_large'
  | 'corrupt'
  | 'unsupported_format'
  | 'too_many_pixels'
  | 'content_type_mismatch';

/**
 * The one error the media decoder throws for bad input, so a hostile or broken upload is an
 * answer, never a crash. An image that cannot be hashed has not been checked: callers should hold
 * it, not publish it, whatever the code.
 */
export class MediaError extends Error {
  override readonly name = 'MediaError';

  constructor(
    readonly code: MediaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isMediaError(error: unknown): error is MediaError {
  return error instanceof MediaError;
}
