import { isStrongToken, newToken, sameToken } from '../server/token.js';

/** PANELNOTES_TOKEN (server/token.ts): made strong, judged strong, compared without leaking. */

describe('newToken', () => {
  it('is 43 characters of A-Z a-z 0-9 _ - (256 random bits), different every time, and strong', () => {
    const tokens = Array.from({ length: 50 }, newToken);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(isStrongToken(token)).toBe(true);
    }
    expect(new Set(tokens).size).toBe(50);
  });
});

describe('isStrongToken', () => {
  it.each([
    ['7', false],
    ['a'.repeat(31), false],
    ['a'.repeat(32), true],
    [`${'a'.repeat(32)} `, false],
    [`${'a'.repeat(32)}!`, false],
    [`${'a'.repeat(32)}\n`, false],
    ['é'.repeat(40), false],
    ['AZaz09_-'.repeat(4), true],
  ])('%p: %p', (token, strong) => {
    expect(isStrongToken(token)).toBe(strong);
  });
});

describe('sameToken', () => {
  const token = 'Xk3_9fQ-abcdefghijklmnopqrstuvwxyz0123';
  it.each([
    [token, true],
    [`${token}x`, false],
    [token.slice(0, -1), false],
    ['', false],
    [token.toUpperCase(), false],
    [`${token.slice(0, -1)}\u0000`, false],
  ])('%p: %p', (given, same) => {
    expect(sameToken(given, token)).toBe(same);
  });
});
