import Big from 'big.js'

/**
 * The payment URI a wallet can scan: BIP21 for bitcoin, EIP-681 for EVM coins and tokens whose
 * decimals we know, TON's transfer link; the bare address for chains without a standard (TRON,
 * XRP…), where the amount and memo are shown beside the QR code instead.
 */

const EVM_CHAIN_IDS: Record<string, number> = { ETH: 1, BSC: 56, POLYGON: 137, ARBITRUM: 42161, OPTIMISM: 10, BASE: 8453, AVAXC: 43114 }

/** On-chain decimals of common tokens, by lowercase contract. */
const TOKEN_DECIMALS: Record<string, number> = {
  '0xdac17f958d2ee523a2206206994597c13d831ec7': 6, // USDT on Ethereum
  '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48': 6, // USDC on Ethereum
  '0x55d398326f99059ff775485246999027b3197955': 18, // USDT on BNB Smart Chain
  '0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d': 18, // USDC on BNB Smart Chain
  '0x3c499c542cef5e3811e1192ce70d8cc03d5c3359': 6, // USDC on Polygon
  '0xc2132d05d31c914a87c6611c10748aeb04b58e8f': 6, // USDT on Polygon
}

const toUnits = (amount: string, decimals: number) => new Big(amount).times(new Big(10).pow(decimals)).round(0, Big.roundDown).toFixed(0)

export function paymentUri(input: { chain: string; contract: string; address: string; amount: string; memo: string }): string {
  const { chain, contract, address, amount, memo } = input
  if (chain === 'BTC') return `bitcoin:${address}?amount=${amount}`
  if (chain === 'TON') return `ton://transfer/${address}?amount=${toUnits(amount, 9)}${memo ? `&text=${encodeURIComponent(memo)}` : ''}`
  const chainId = EVM_CHAIN_IDS[chain]
  if (chainId !== undefined && !memo) {
    // Native coins carry their chain id (or nothing) as the contract.
    if (!contract.startsWith('0x')) return `ethereum:${address}@${chainId}?value=${toUnits(amount, 18)}`
    const decimals = TOKEN_DECIMALS[contract.toLowerCase()]
    if (decimals !== undefined) return `ethereum:${contract}@${chainId}/transfer?address=${address}&uint256=${toUnits(amount, decimals)}`
  }
  return address
}
