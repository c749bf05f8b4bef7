import { describe, expect, it } from 'vitest';
import { findDuplicateJsonKey } from './duplicate-json-keys.js';

describe('findDuplicateJsonKey', () => {
  it('finds nothing in JSON whose objects each name a key once', () => {
    for (const json of ['{}', '[]', '"title"', '42', 'null', '{"title":"a","summary":"title"}', '[{"a":1},{"a":2}]', '{"a":{"a":{"a":[]}}}', '{"a":"\\"a\\":1,\\"a\\":2"}', ' { "x" : [ 1 , { "y" : "}" } ] , "z" : "{" } ']) {
      expect(findDuplicateJsonKey(json), json).toBeNull();
    }
  });

  it('finds a key twice at the top, naming it by a JSON pointer', () => {
    expect(findDuplicateJsonKey('{"title":"a","title":"b"}')).toEqual({ key: 'title', path: ['title'], pointer: '/title' });
    expect(findDuplicateJsonKey('{ "title" : "a" ,\n "summary": "s", "title": "b" }')).toEqual({ key: 'title', path: ['title'], pointer: '/title' });
  });

  it('finds it at any depth, with array indexes in the pointer', () => {
    expect(findDuplicateJsonKey('{"sections":[{"title":"a"},{"body":"x","title":"a","title":"b"}]}')).toEqual({ key: 'title', path: ['sections', 1, 'title'], pointer: '/sections/1/title' });
    expect(findDuplicateJsonKey('[[1,2],[3,{"a":{"b":1,"b":2}}]]')).toEqual({ key: 'b', path: [1, 1, 'a', 'b'], pointer: '/1/1/a/b' });
  });

  it('reads keys as the object holds them: escapes decoded, strings with quotes and brackets skipped', () => {
    expect(findDuplicateJsonKey('{"a":1,"\\u0061":2}')).toMatchObject({ key: 'a', pointer: '/a' });
    expect(findDuplicateJsonKey('{"say \\"hi\\"":"}{][,","say \\"hi\\"":2}')).toMatchObject({ key: 'say "hi"', pointer: '/say "hi"' });
    expect(findDuplicateJsonKey('{"end\\\\":1,"end\\\\":2}')).toMatchObject({ key: 'end\\', pointer: '/end\\' });
    expect(findDuplicateJsonKey('{"é中😀":1,"é中😀":2}')).toMatchObject({ key: 'é中😀', pointer: '/é中😀' });
  });

  it('writes ~ and / in the pointer as RFC 6901 does', () => {
    expect(findDuplicateJsonKey('{"a/b":{"c~d":1,"c~d":2}}')).toEqual({ key: 'c~d', path: ['a/b', 'c~d'], pointer: '/a~1b/c~0d' });
  });

  it('finds the one duplicate in a large generated document, where JSON.parse would keep the last without a word', () => {
    const document = { list: Array.from({ length: 50 }, (_, index) => ({ id: index, name: `n${index}`, tags: ['a', 'b'], nested: { x: index } })) };
    const json = JSON.stringify(document);
    expect(findDuplicateJsonKey(json)).toBeNull();
    const doubled = json.replace('"name":"n37"', '"name":"n37","name":"again"');
    expect(findDuplicateJsonKey(doubled)).toEqual({ key: 'name', path: ['list', 37, 'name'], pointer: '/list/37/name' });
    expect((JSON.parse(doubled) as typeof document).list[37]?.name).toBe('again');
  });
});
