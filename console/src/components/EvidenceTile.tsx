import type { ReactNode } from 'react';

/**
 * The frame every evidence image shares (a report's image reference, a preserved upload):
 * nothing recognisable until revealed on purpose, and the caller records each reveal before it
 * shows anything. Hidden, the frame is blurred and grey (styles/cases.css); `greyscale` keeps a
 * revealed image grey until the moderator asks for colour.
 */
export function EvidenceTile({ revealed, greyscale = false, frame, children, ...data }: {
  revealed: boolean;
  greyscale?: boolean;
  /** The image, or a neutral placeholder. */
  frame: ReactNode;
  /** The caption: what the item is, the warning, the problem and the buttons. */
  children: ReactNode;
  'data-ref'?: string;
  'data-evidence'?: string;
}) {
  const state = revealed ? 'is-revealed' : 'is-blurred';
  return (
    <figure className={`evidence-image ${state}${revealed && greyscale ? ' is-greyscale' : ''}`} data-revealed={revealed} {...data}>
      <div className="evidence-frame">{frame}</div>
      <figcaption>{children}</figcaption>
    </figure>
  );
}

/** The neutral tile shown where an image would be. */
export function EvidencePlaceholder({ text }: { text: string }) {
  return <div className="evidence-placeholder" aria-hidden="true"><span>{text}</span></div>;
}
