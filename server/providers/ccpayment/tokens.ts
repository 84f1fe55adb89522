/**
 * The simulator's token list, shaped like `coin/all`: several coins, several networks each, with
 * USD prices. Ids of USDT on TRON follow CCPayment's SDK tests; the others are fixtures of ours.
 * `precision` is the number of decimals CCPayment quotes amounts in.
 */
export interface SimulatedNetwork {
  token_id: string
  network: string
  chain: string
  name: string
  contract: string
  is_support_memo: boolean
}

export interface SimulatedCoin {
  coin_id: string
  symbol: string
  name: string
  price: string
  precision: number
  min: string
  networks: SimulatedNetwork[]
}

export const SIMULATED_COINS: SimulatedCoin[] = [
  {
    coin_id: '1d6e2b6c-6d70-4a7d-a2e7-5b1d4d8a6f01',
    symbol: 'USDT',
    name: 'Tether USD',
    price: '1',
    precision: 6,
    min: '0.1',
    networks: [
      {
        token_id: '8e5741cf-6e51-4892-9d04-3d40e1dd0128',
        network: 'TRC20',
        chain: 'TRX',
        name: 'Tron',
        contract: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
        is_support_memo: false,
      },
      {
        token_id: '264f4725-3cfd-4ff6-bc80-ff9d799d5fb2',
        network: 'ERC20',
        chain: 'ETH',
        name: 'Ethereum',
        contract: '0xdAC17F958D2ee523a2206206994597C13D831ec7',
        is_support_memo: false,
      },
      {
        token_id: 'c3a2f1d4-7a4e-4f0e-9d0b-2f9a8b7c6d51',
        network: 'BEP20',
        chain: 'BSC',
        name: 'BNB Smart Chain',
        contract: '0x55d398326f99059fF775485246999027B3197955',
        is_support_memo: false,
      },
    ],
  },
  {
    coin_id: 'ce387d66-1c3b-4333-8bb7-7d6ad98ae9bb',
    symbol: 'USDC',
    name: 'USD Coin',
    price: '0.9998',
    precision: 6,
    min: '0.1',
    networks: [
      {
        token_id: '5a2b0c3d-9e8f-4a1b-8c7d-6e5f4a3b2c10',
        network: 'ERC20',
        chain: 'ETH',
        name: 'Ethereum',
        contract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
        is_support_memo: false,
      },
      {
        token_id: 'c6b7c878-8a01-4f7f-8d2e-99a72787b1ac',
        network: 'POLYGON',
        chain: 'POLYGON',
        name: 'Polygon',
        contract: '0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359',
        is_support_memo: false,
      },
    ],
  },
  {
    coin_id: 'f36ad1cf-222a-4933-9ad0-86df8069f916',
    symbol: 'BTC',
    name: 'Bitcoin',
    price: '91234.56',
    precision: 8,
    min: '0.0001',
    networks: [
      {
        token_id: 'f137d42c-f3a6-4f23-9402-76f0395d0cfe',
        network: 'BTC',
        chain: 'BTC',
        name: 'Bitcoin',
        contract: 'BTC',
        is_support_memo: false,
      },
    ],
  },
  {
    coin_id: '2f1e8d3c-4b5a-4c6d-9e7f-8a9b0c1d2e3f',
    symbol: 'ETH',
    name: 'Ether',
    price: '3150.42',
    precision: 8,
    min: '0.001',
    networks: [
      {
        token_id: 'e8f64d3d-df5b-411d-897f-c6d8d30206b7',
        network: 'ETH',
        chain: 'ETH',
        name: 'Ethereum',
        contract: '1',
        is_support_memo: false,
      },
    ],
  },
  {
    coin_id: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
    symbol: 'XRP',
    name: 'XRP',
    price: '2.1834',
    precision: 6,
    min: '1',
    networks: [
      {
        token_id: '0b7e4f2a-6c1d-4e8f-a3b5-9d2c7e6f1a40',
        network: 'XRP',
        chain: 'XRP',
        name: 'XRP Ledger',
        contract: 'XRP',
        is_support_memo: true,
      },
    ],
  },
  {
    coin_id: '7c6d5e4f-3a2b-4c1d-8e9f-0a1b2c3d4e5f',
    symbol: 'TON',
    name: 'Toncoin',
    price: '5.4321',
    precision: 9,
    min: '0.1',
    networks: [
      {
        token_id: 'd1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f50',
        network: 'TON',
        chain: 'TON',
        name: 'The Open Network',
        contract: 'TON',
        is_support_memo: true,
      },
    ],
  },
]

export function findNetwork(tokenId: string): { coin: SimulatedCoin; network: SimulatedNetwork } | undefined {
  for (const coin of SIMULATED_COINS) {
    const network = coin.networks.find((n) => n.token_id === tokenId)
    if (network) return { coin, network }
  }
  return undefined
}
