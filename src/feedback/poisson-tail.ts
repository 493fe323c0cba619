/**
 * P(X >= k) for X ~ Poisson(lambda): how likely a night with k copies is when the client's
 * baseline expects lambda. Summed term by term in log space from k upward (the tail a regression
 * sits in, where 1 minus the lower sum would lose every digit), or as 1 minus the lower sum when
 * k lies below lambda (a likely count, never a regression).
 */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  const logLambda = Math.log(lambda);
  // log of lambda^k e^-lambda / k!
  let logTerm = -lambda + k * logLambda;
  for (let i = 2; i <= k; i++) logTerm -= Math.log(i);
  if (k > lambda) {
    let sum = 0;
    let term = Math.exp(logTerm);
    for (let i = k; term > 0 && term > sum * 1e-17; i++) {
      sum += term;
      term *= lambda / (i + 1);
    }
    return Math.min(1, sum);
  }
  // The lower sum, from k - 1 down to 0.
  let sum = 0;
  let term = Math.exp(logTerm) * (k / lambda);
  for (let i = k - 1; i >= 0; i--) {
    sum += term;
    term *= i / lambda;
  }
  return Math.max(0, 1 - sum);
}
