import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { invalidField } from './errors.js';

/** Named query parameters must be plain strings: `?a=1&a=2` or `?a[b]=1` is a 400 naming `a`. */
@Injectable()
export class SingleQueryValuePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'query' && typeof metadata.data === 'string' && value !== undefined && typeof value !== 'string') {
      throw invalidField(metadata.data, 'must be given once, as a plain value');
    }
    return value;
  }
}
