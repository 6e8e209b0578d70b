// The benchmark's `track` call: 20 properties, shaped like a real e-commerce event (strings,
// numbers, booleans, a nested object and an array of products), all valid for FullStory, so what is
// measured is the normal path, not repairs.
export const EVENT = 'Order Completed';

export function trackProperties(i) {
  return {
    order_id: `order-${i}`,
    checkout_id: `checkout-${i}`,
    affiliation: 'Bench Store',
    total: 27.5 + (i % 7),
    subtotal: 22.5,
    revenue: 25,
    shipping: 3,
    tax: 2,
    discount: 2.5,
    coupon: 'HOLIDAY',
    currency: 'USD',
    payment_method: 'card',
    first_purchase: i % 2 === 0,
    item_count: 2,
    gift_wrap: false,
    channel: 'web',
    campaign: 'winter-sale',
    loyalty_tier: 'gold',
    shipping_address: {city: 'Lisbon', country: 'PT', postal_code: '1100-148'},
    products: [
      {product_id: 'p-1', sku: 'SKU-1', name: 'Monopoly', price: 14, quantity: 1},
      {product_id: 'p-2', sku: 'SKU-2', name: 'Uno', price: 3.45, quantity: 2},
    ],
  };
}

/** The message RudderStack's SDK would hand a device-mode destination for `track(EVENT, properties)`. */
export function trackMessage(i) {
  return {
    type: 'track',
    event: EVENT,
    properties: trackProperties(i),
    userId: 'bench-user',
    anonymousId: 'b3f6c9d2-6a1e-4c59-9a7b-2f5f3a0e8d11',
    channel: 'web',
    context: {traits: {email: 'bench@example.com'}, page: {path: '/bench/', url: location.href}},
  };
}
