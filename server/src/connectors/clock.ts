import { Injectable } from '@nestjs/common';

/** The clock of the connector framework (scheduler, run log); tests replace `now`. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
