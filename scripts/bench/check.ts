export async function benchCheck(log: (line: string) => void): Promise<number> {
  log('todo');
  return 0;
}
