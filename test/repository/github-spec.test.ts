/**
 * scripts/github-spec.ts: GitHub's description cut to the operations the action calls, with
 * every component they reference and no other, and `nullable` written so that Prism checks it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { subset, type JsonObject } from '../../scripts/github-spec.ts';
import { GITHUB_SPEC } from '../support/prism.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const answer = (schema: JsonObject) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
const SPEC: JsonObject = {
  openapi: '3.0.3',
  info: { title: 'GitHub', version: '1', description: 'GitHub v3 REST API', license: { name: 'MIT' } },
  servers: [{ url: 'https://api.github.com' }],
  paths: {
    '/repos/{owner}/{repo}/issues': {
      parameters: [],
      get: { operationId: 'issues/list-for-repo', responses: answer({ type: 'array', items: ref('issue') }) },
      post: { operationId: 'issues/create', responses: answer(ref('unused')) },
    },
    '/gists': { get: { operationId: 'gists/list', responses: answer(ref('unused')) } },
  },
  components: {
    schemas: {
      issue: {
        type: 'object',
        properties: {
          user: ref('user'),
          milestone: { description: 'a milestone', nullable: true, oneOf: [{ type: 'string' }, { type: 'integer' }] },
          title: { type: 'string', nullable: true },
        },
        example: { milestone: { nullable: true } },
      },
      user: { type: 'object', properties: { login: { type: 'string' } } },
      unused: { type: 'object' },
    },
    examples: { unused: { value: {} } },
  },
};

describe('scripts/github-spec.ts', () => {
  const cut = subset(SPEC, ['issues/list-for-repo']);

  it('keeps only the operations named, and every component they reach through $ref', () => {
    expect(cut.paths).toEqual({
      '/repos/{owner}/{repo}/issues': {
        parameters: [],
        get: expect.objectContaining({ operationId: 'issues/list-for-repo' }) as unknown,
      },
    });
    expect(Object.keys(cut.components as JsonObject)).toEqual(['schemas']);
    expect(Object.keys((cut.components as Record<string, JsonObject>).schemas ?? {})).toEqual(['issue', 'user']);
    expect(cut.info).toMatchObject({ license: { name: 'MIT' } });
    expect((cut.info as JsonObject).description).toContain('@octokit/openapi@23.0.2');
  });

  it('writes nullable beside oneOf as an anyOf with null, and leaves nullable beside type and examples alone', () => {
    expect((cut.components as Record<string, JsonObject>).schemas?.issue).toEqual({
      type: 'object',
      properties: {
        user: ref('user'),
        milestone: {
          description: 'a milestone',
          anyOf: [{ oneOf: [{ type: 'string' }, { type: 'integer' }] }, { enum: [null] }],
        },
        title: { type: 'string', nullable: true },
      },
      example: { milestone: { nullable: true } },
    });
  });

  it('names an operation the package does not have', () => {
    expect(() => subset(SPEC, ['issues/list-for-repo', 'issues/lock'])).toThrow('has no operation issues/lock');
  });

  it('wrote test/contract/github-openapi.json whole: cutting it again changes nothing', () => {
    const committed = JSON.parse(readFileSync(GITHUB_SPEC, 'utf8')) as JsonObject;
    const operationIds = Object.values(
      committed.paths as Record<string, Record<string, { operationId?: string }>>,
    ).flatMap((item) => Object.values(item).flatMap((operation) => operation.operationId ?? []));
    const again = subset(committed, operationIds);
    expect(again.paths).toEqual(committed.paths);
    expect(again.components).toEqual(committed.components);
  });
});
