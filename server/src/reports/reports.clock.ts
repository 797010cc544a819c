import { Injectable } from '@nestjs/common';

/** The clock the reviews read (tests replace it with a fixed one). */
@Injectable()
export class ReportsClock {
  now(): Date {
    return new Date();
  }
}
