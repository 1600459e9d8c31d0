import { BodyShapePipe, MAX_BODY_DEPTH, nestingDepth } from './request-shape';

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
  return value;
};

describe(nestingDepth.name, () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestingDepth('x', 10)).toBe(0);
    expect(nestingDepth({}, 10)).toBe(1);
    expect(nestingDepth({ a: [1, { b: 2 }], c: 'x' }, 10)).toBe(3);
    expect(nestingDepth(nested(7), 10)).toBe(7);
  });

  it('measures 100,000 levels without recursion, stopping past the limit', () => {
    expect(nestingDepth(nested(100_000), MAX_BODY_DEPTH)).toBe(MAX_BODY_DEPTH + 1);
  });
});

describe(BodyShapePipe.name, () => {
  const sut = new BodyShapePipe();
  const whole = { type: 'body' as const, data: undefined };
  const refusal = (value: unknown, metadata = whole) => {
    try {
      sut.transform(value, metadata);
      return undefined;
    } catch (error) {
      return [(error as { code: string }).code, (error as Error).message];
    }
  };

  it('passes objects up to the depth limit, and every non-body parameter', () => {
    expect(refusal({ a: nested(MAX_BODY_DEPTH - 1) })).toBeUndefined();
    expect(refusal(undefined, { type: 'query', data: undefined } as never)).toBeUndefined();
    expect(refusal(nested(1000), { type: 'param', data: 'id' } as never)).toBeUndefined();
  });

  it('refuses a missing body, a non-object body and one nested too deep, with Chinese messages', () => {
    expect(refusal(undefined)).toEqual(['BODY_INVALID', '请求缺少内容：请以 JSON（application/json）或表单提交。']);
    for (const value of [[1], 'x', 3, null]) expect(refusal(value)).toEqual(['BODY_INVALID', '请求内容必须是 JSON 对象或表单。']);
    expect(refusal({ a: nested(MAX_BODY_DEPTH) })).toEqual(['BODY_INVALID', `请求内容嵌套过深（最多 ${MAX_BODY_DEPTH} 层）。`]);
  });

  it('bounds one body field too (@Body("sessionId")), where a missing one is the handler\'s business', () => {
    expect(refusal(undefined, { type: 'body', data: 'sessionId' } as never)).toBeUndefined();
    expect(refusal(nested(MAX_BODY_DEPTH + 1), { type: 'body', data: 'sessionId' } as never)?.[0]).toBe('BODY_INVALID');
  });
});
