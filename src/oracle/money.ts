// Amounts as the suite reasons about them: whole cents, so that 0.1 + 0.2 is 0.30 and 1.15 is 115.
// (The sandbox and the fault catalogue keep their own: a reference implementation that shared the
// oracle's arithmetic would agree with it by construction.)

/** Whole cents of an amount (0.29 → 29, never 28). */
export const cents = (amount: number): number => Math.round(amount * 100);

/** An amount of whole cents (29 → 0.29). */
export const amountOf = (c: number): number => c / 100;

/** Whole cents as a person reads them (29 → "0.29"). */
export const money = (c: number): string => amountOf(c).toFixed(2);
