/**
 * Payload validation used by FakeDiscord so that tests fail the way Discord would:
 * `400 { code: 50035, message: 'Invalid Form Body', errors: { <path>: { _errors: [...] } } }`.
 *
 * Only the limits a bot like isnad can realistically hit are checked (message/embed/component
 * lengths and counts, autocomplete choices, application command shape). The numbers are the
 * documented Discord limits.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Collects errors in Discord's nested `{ a: { 0: { b: { _errors: [...] } } } }` shape. */
export class FormErrors {
  private readonly root: JsonObject = {};
  private count = 0;

  add(path: readonly (string | number)[], code: string, message: string): void {
    let node = this.root;
    for (const key of path) {
      const k = String(key);
      let next = node[k];
      if (!isObject(next)) {
        next = {};
        node[k] = next;
      }
      node = next as JsonObject;
    }
    let list = node['_errors'];
    if (!Array.isArray(list)) {
      list = [];
      node['_errors'] = list;
    }
    (list as unknown[]).push({ code, message });
    this.count += 1;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  toBody(): JsonObject {
    return { code: 50035, message: 'Invalid Form Body', errors: this.root };
  }
}

function maxLength(errors: FormErrors, path: readonly (string | number)[], value: unknown, max: number, min = 0): void {
  if (value === undefined || value === null) {
    if (min > 0) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return;
  }
  // Discord counts UTF-16 code units for these limits.
  if (value.length > max) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  } else if (value.length < min) {
    errors.add(path, 'BASE_TYPE_MIN_LENGTH', `Must be ${min} or more in length.`);
  }
}

const MESSAGE_FLAG_IS_COMPONENTS_V2 = 1 << 15;

function embedTextLength(embed: JsonObject): number {
  const str = (v: unknown): number => (typeof v === 'string' ? v.length : 0);
  let total = str(embed['title']) + str(embed['description']);
  const footer = embed['footer'];
  if (isObject(footer)) total += str(footer['text']);
  const author = embed['author'];
  if (isObject(author)) total += str(author['name']);
  for (const field of asArray(embed['fields'])) {
    if (isObject(field)) total += str(field['name']) + str(field['value']);
  }
  return total;
}

function validateEmbeds(errors: FormErrors, embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  if (!Array.isArray(embeds)) {
    errors.add(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (embeds.length > 10) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((embed, i) => {
    if (!isObject(embed)) {
      errors.add(['embeds', i], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    total += embedTextLength(embed);
    maxLength(errors, ['embeds', i, 'title'], embed['title'], 256);
    maxLength(errors, ['embeds', i, 'description'], embed['description'], 4096);
    const color = embed['color'];
    if (color !== undefined && color !== null && (!Number.isInteger(color) || (color as number) < 0 || (color as number) > 0xffffff)) {
      errors.add(['embeds', i, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
    }
    const footer = embed['footer'];
    if (isObject(footer)) maxLength(errors, ['embeds', i, 'footer', 'text'], footer['text'], 2048, 1);
    const author = embed['author'];
    if (isObject(author)) maxLength(errors, ['embeds', i, 'author', 'name'], author['name'], 256, 1);
    const fields = asArray(embed['fields']);
    if (fields.length > 25) errors.add(['embeds', i, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((field, j) => {
      if (!isObject(field)) return;
      maxLength(errors, ['embeds', i, 'fields', j, 'name'], field['name'], 256, 1);
      maxLength(errors, ['embeds', i, 'fields', j, 'value'], field['value'], 1024, 1);
    });
  });
  if (total > 6000) errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
}

function validateLegacyComponents(errors: FormErrors, components: unknown): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) {
    errors.add(['components'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (components.length > 5) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  components.forEach((row, i) => {
    if (!isObject(row) || row['type'] !== 1) {
      errors.add(['components', i, 'type'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'Top-level components must be action rows (type 1).');
      return;
    }
    const children = asArray(row['components']);
    if (children.length === 0 || children.length > 5) {
      errors.add(['components', i, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    }
    children.forEach((child, j) => {
      if (!isObject(child)) return;
      const path = ['components', i, 'components', j];
      if (child['type'] === 2) {
        const style = child['style'];
        if (style === 5) {
          if (typeof child['url'] !== 'string') errors.add([...path, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
        } else if (style !== 6) {
          maxLength(errors, [...path, 'custom_id'], child['custom_id'], 100, 1);
        }
        maxLength(errors, [...path, 'label'], child['label'], 80);
      } else if (typeof child['type'] === 'number' && child['type'] >= 3 && child['type'] <= 8) {
        maxLength(errors, [...path, 'custom_id'], child['custom_id'], 100, 1);
        const options = asArray(child['options']);
        if (options.length > 25) errors.add([...path, 'options'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      }
    });
  });
}

function validateAllowedMentions(errors: FormErrors, allowed: unknown): void {
  if (!isObject(allowed)) return;
  const parse = asArray(allowed['parse']);
  for (const [i, p] of parse.entries()) {
    if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
      errors.add(['allowed_mentions', 'parse', i], 'BASE_TYPE_CHOICES', 'Value must be one of {"users", "roles", "everyone"}.');
    }
  }
  for (const kind of ['users', 'roles'] as const) {
    const ids = asArray(allowed[kind]);
    if (parse.includes(kind) && ids.length > 0) {
      errors.add(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`);
    }
    if (ids.length > 100) errors.add(['allowed_mentions', kind], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  }
}

/**
 * Validates the fields of a message create/edit body (the part Discord checks regardless of
 * whether the message ends up non-empty; the emptiness check is done by the caller on the
 * merged message).
 */
export function validateMessageBody(body: JsonObject): FormErrors {
  const errors = new FormErrors();
  maxLength(errors, ['content'], body['content'], 2000);
  validateEmbeds(errors, body['embeds']);
  const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  if ((flags & MESSAGE_FLAG_IS_COMPONENTS_V2) !== 0) {
    if (typeof body['content'] === 'string' && body['content'] !== '') {
      errors.add(
        ['content'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
    }
    if (asArray(body['embeds']).length > 0) {
      errors.add(
        ['embeds'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
    }
  } else {
    validateLegacyComponents(errors, body['components']);
  }
  validateAllowedMentions(errors, body['allowed_mentions']);
  return errors;
}

/** Autocomplete response (`{ type: 8, data: { choices } }`). */
export function validateAutocompleteChoices(data: unknown): FormErrors {
  const errors = new FormErrors();
  const choices = isObject(data) ? data['choices'] : undefined;
  if (!Array.isArray(choices)) {
    errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return errors;
  }
  if (choices.length > 25) errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  choices.forEach((choice, i) => {
    if (!isObject(choice)) return;
    maxLength(errors, ['data', 'choices', i, 'name'], choice['name'], 100, 1);
    const value = choice['value'];
    if (typeof value === 'string') maxLength(errors, ['data', 'choices', i, 'value'], value, 100);
    else if (typeof value !== 'number') errors.add(['data', 'choices', i, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
  });
  return errors;
}

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommandName(errors: FormErrors, path: (string | number)[], name: unknown, chatInput: boolean): void {
  if (typeof name !== 'string') {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (chatInput) {
    if (!CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase()) {
      errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
  } else {
    maxLength(errors, path, name, 32, 1);
  }
}

function validateLocalizations(_errors: FormErrors, path: (string | number)[], value: unknown, check: (p: (string | number)[], v: unknown) => void): void {
  if (!isObject(value)) return;
  for (const [locale, text] of Object.entries(value)) check([...path, locale], text);
}

function validateOptions(errors: FormErrors, path: (string | number)[], options: unknown, depth: number): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (options.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((option, i) => {
    if (!isObject(option)) return;
    const p = [...path, i];
    validateCommandName(errors, [...p, 'name'], option['name'], true);
    if (typeof option['name'] === 'string') {
      if (names.has(option['name'])) errors.add([...p, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
      names.add(option['name']);
    }
    maxLength(errors, [...p, 'description'], option['description'], 100, 1);
    validateLocalizations(errors, [...p, 'name_localizations'], option['name_localizations'], (lp, v) => validateCommandName(errors, lp, v, true));
    validateLocalizations(errors, [...p, 'description_localizations'], option['description_localizations'], (lp, v) => maxLength(errors, lp, v, 100, 1));
    const type = option['type'];
    if (type === 1 || type === 2) {
      if (depth >= 2) errors.add([...p, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-commands cannot be nested this deep');
      validateOptions(errors, [...p, 'options'], option['options'], depth + 1);
      return;
    }
    const required = option['required'] === true;
    if (required && sawOptional) {
      errors.add([...p, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    }
    if (!required) sawOptional = true;
    const choices = option['choices'];
    if (Array.isArray(choices)) {
      if (choices.length > 25) errors.add([...p, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      if (option['autocomplete'] === true && choices.length > 0) {
        errors.add([...p, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES', 'Autocomplete cannot be set with choices');
      }
      choices.forEach((choice, j) => {
        if (isObject(choice)) maxLength(errors, [...p, 'choices', j, 'name'], choice['name'], 100, 1);
      });
    }
  });
}

/** Validates a bulk-overwrite body (array of commands) or a single command (index undefined). */
export function validateCommands(commands: unknown[], single = false): FormErrors {
  const errors = new FormErrors();
  const seen = new Set<string>();
  let chatInputCount = 0;
  commands.forEach((command, i) => {
    const base: (string | number)[] = single ? [] : [i];
    if (!isObject(command)) {
      errors.add(base, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    const type = typeof command['type'] === 'number' ? command['type'] : 1;
    const chatInput = type === 1;
    if (chatInput) chatInputCount += 1;
    validateCommandName(errors, [...base, 'name'], command['name'], chatInput);
    validateLocalizations(errors, [...base, 'name_localizations'], command['name_localizations'], (lp, v) => validateCommandName(errors, lp, v, chatInput));
    if (chatInput) {
      maxLength(errors, [...base, 'description'], command['description'], 100, 1);
      validateLocalizations(errors, [...base, 'description_localizations'], command['description_localizations'], (lp, v) => maxLength(errors, lp, v, 100, 1));
      validateOptions(errors, [...base, 'options'], command['options'], 0);
    } else if (typeof command['description'] === 'string' && command['description'] !== '') {
      errors.add([...base, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have a description');
    }
    const key = `${type}:${String(command['name'])}`;
    if (seen.has(key)) {
      errors.add([...base, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    }
    seen.add(key);
  });
  if (chatInputCount > 100) errors.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  return errors;
}
