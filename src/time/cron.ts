/**
 * INTERFACE STUB — being replaced by the real implementation (DST rules of SPEC §1).
 * The exported names and signatures are the contract other modules code against.
 */
import { CronExpressionParser } from 'cron-parser';

export class CronError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'CronError';
  }
}

/** A validated 5-field cron expression bound to an IANA zone. Pure: never reads the clock. */
export class CronSpec {
  private constructor(
    readonly expression: string,
    readonly timezone: string,
  ) {}

  /** Throws CronError (with a hint) for a bad expression, 6 fields, or an unknown zone. */
  static parse(expression: string, timezone: string): CronSpec {
    CronExpressionParser.parse(expression, { tz: timezone });
    return new CronSpec(expression, timezone);
  }

  /** Every occurrence t with fromExclusive < t <= toInclusive, ascending, at most `limit`. */
  between(fromExclusive: Date, toInclusive: Date, limit = 10_000): Date[] {
    const it = CronExpressionParser.parse(this.expression, {
      tz: this.timezone,
      currentDate: fromExclusive,
      endDate: toInclusive,
    });
    const out: Date[] = [];
    while (out.length < limit && it.hasNext()) out.push(it.next().toDate());
    return out;
  }

  /** The next `count` occurrences strictly after `after`, ascending (fewer if the cron ends). */
  next(after: Date, count = 1): Date[] {
    const it = CronExpressionParser.parse(this.expression, { tz: this.timezone, currentDate: after });
    const out: Date[] = [];
    while (out.length < count && it.hasNext()) out.push(it.next().toDate());
    return out;
  }
}
