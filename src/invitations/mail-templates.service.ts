import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS_DIR } from '../common/paths';

type Template = Handlebars.TemplateDelegate;

/**
 * Renders mail bodies from `views/mail/<name>.html.hbs` and `<name>.txt.hbs`. HTML escapes every
 * value (a `<script>` in a name stays text); the text variant is rendered without escaping.
 */
@Injectable()
export class MailTemplatesService {
  private readonly cache = new Map<string, { html: Template; text: Template }>();

  /** @returns the text and HTML bodies for template `name` with `model`. */
  render(name: string, model: object): { text: string; html: string } {
    let pair = this.cache.get(name);
    if (!pair) {
      const read = (ext: string) => readFileSync(join(VIEWS_DIR, 'mail', `${name}.${ext}.hbs`), 'utf8');
      pair = {
        html: Handlebars.compile(read('html'), { strict: true }),
        text: Handlebars.compile(read('txt'), { strict: true, noEscape: true }),
      };
      this.cache.set(name, pair);
    }
    return { html: pair.html(model), text: pair.text(model) };
  }
}
