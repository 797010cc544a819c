import { Global, Injectable, Module } from '@nestjs/common';

/** The clock every service reads (scheduler, run log, reviews, throttling); tests replace `now`. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** Provides the one Clock to every module. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
