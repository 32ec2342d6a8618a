/** Small helpers shared by the SVG drawing modules. */

/** A number rounded to one decimal, as SVG text (keeps documents short and byte-stable). */
export const f = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Body geometry every part is placed against: the body is an egg (or box) centred at (256, 290), 155 tall each way. */
export interface BodyFrame {
  /** half width */
  rx: number;
  box: boolean;
}

/** Centre and vertical radius of the body. */
export const BODY_CX = 256;
export const BODY_CY = 290;
export const BODY_RY = 155;

/** Half the body's width at height y (0 outside). */
export function halfWidthAt(b: BodyFrame, y: number): number {
  const d = (y - BODY_CY) / BODY_RY;
  if (Math.abs(d) >= 1) return 0;
  return b.box ? b.rx : b.rx * Math.sqrt(1 - d * d);
}
