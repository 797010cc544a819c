import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusRegistry } from './prometheus.js';

@ApiExcludeController()
@Controller('metrics')
export class PrometheusController {
  constructor(private readonly prometheus: PrometheusRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.prometheus.registry.metrics();
  }
}
