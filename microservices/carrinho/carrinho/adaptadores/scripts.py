"""The cart's Lua scripts: each makes one of the cart's rules (dominio/) atomic, with its guards and event."""

from __future__ import annotations

# Every script that answers with the cart ends with this: the cart's hash and, for each of its
# lines, the local copy of the product (nome, preco, ativo). It saves the request a second round
# trip; the copies' keys are built from the prefix argument (standalone Redis, no cluster slots to
# honour). It travels as one JSON string: a cart of 30 lines is ~200 RESP replies, which redis-py
# parses one by one in Python, while json.loads reads the string in C.
_RETRATO = """
local function retrato(chave, prefixo)
  local campos = redis.call('HGETALL', chave)
  local copias = {}
  for i = 1, #campos, 2 do
    if string.sub(campos[i], 1, 5) == 'item:' then
      local id = string.sub(campos[i], 6)
      local copia = redis.call('HMGET', prefixo .. id, 'nome', 'preco', 'ativo')
      table.insert(copias, id)
      for j = 1, 3 do table.insert(copias, copia[j] or '') end
    end
  end
  return cjson.encode({campos, copias})
end
"""

# A customer's cart answers only to that customer and to staff ('*'); a guest's cart (no _cliente)
# to whoever holds its unguessable id. The caller is always the last argument.
_DONO = """
local function do_chamador(chave, quem)
  local dono = redis.call('HGET', chave, '_cliente')
  return (not dono) or quem == '*' or dono == quem
end
"""

# KEYS: cart, local events, carts with items, ... ARGV: ttl, event json, expiry score, session id,
# copies' key prefix, ..., caller.
_PROLOGO = (
    _RETRATO
    + _DONO
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return {'SESSAO_NAO_ENCONTRADA'} end
if not do_chamador(KEYS[1], ARGV[#ARGV]) then return {'SESSAO_NAO_ENCONTRADA'} end
if redis.call('HGET', KEYS[1], '_estado') ~= 'ABERTO' then
  return {'CARRINHO_FECHADO', redis.call('HGET', KEYS[1], '_pedido_id') or ''}
end
"""
)
_EPILOGO = """
redis.call('HINCRBY', KEYS[1], '_versao', 1)
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'evento', ARGV[2])
if tonumber(redis.call('HGET', KEYS[1], '_linhas')) > 0 then
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
else
  redis.call('ZREM', KEYS[3], ARGV[4])
end
"""

# dominio.edicao.adicionar. KEYS[4] the product's copy. ARGV[6] produto, [7] quantity to add,
# [8] max qty, [9] max lines.
# The copy answers alone: no copy (or one without price, flag or stock hint) asks the caller to
# fetch the product once; the stock hint is checked before the caps, as the catalog was before.
ADICIONAR = (
    _PROLOGO
    + """
local produto = redis.call('HMGET', KEYS[4], 'ativo', 'preco', 'estoque', 'nome')
if produto[1] == '0' then return {'PRODUTO_INATIVO', produto[4] or ''} end
if not (produto[1] and produto[2] and produto[3]) then return {'PRODUTO_DESCONHECIDO'} end
local campo = 'item:' .. ARGV[6]
local atual = tonumber(redis.call('HGET', KEYS[1], campo) or '0')
local novo = atual + tonumber(ARGV[7])
if novo > tonumber(produto[3]) then
  return {'ESTOQUE_INSUFICIENTE', produto[3], tostring(novo), produto[4] or ''}
end
if atual == 0 and tonumber(redis.call('HGET', KEYS[1], '_linhas')) >= tonumber(ARGV[9]) then
  return {'LIMITE_DE_LINHAS'}
end
if novo > tonumber(ARGV[8]) then return {'LIMITE_DE_QUANTIDADE', tostring(atual)} end
redis.call('HSET', KEYS[1], campo, novo)
if atual == 0 then
  redis.call('HINCRBY', KEYS[1], '_linhas', 1)
  redis.call('HSET', KEYS[1], 'preco:' .. ARGV[6], produto[2])
end
"""
    + _EPILOGO
    + "return {'OK', retrato(KEYS[1], ARGV[5])}"
)

# dominio.edicao.definir. ARGV[6] produto, [7] new quantity (0 removes), [8] max qty
DEFINIR = (
    _PROLOGO
    + """
local campo = 'item:' .. ARGV[6]
if redis.call('HEXISTS', KEYS[1], campo) == 0 then return {'ITEM_NAO_ENCONTRADO'} end
if tonumber(ARGV[7]) > tonumber(ARGV[8]) then return {'LIMITE_DE_QUANTIDADE', '0'} end
if tonumber(ARGV[7]) == 0 then
  redis.call('HDEL', KEYS[1], campo, 'preco:' .. ARGV[6])
  redis.call('HINCRBY', KEYS[1], '_linhas', -1)
else
  redis.call('HSET', KEYS[1], campo, ARGV[7])
end
"""
    + _EPILOGO
    + "return {'OK', retrato(KEYS[1], ARGV[5])}"
)

DESCARTAR = (
    _PROLOGO
    + """
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[4])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'evento', ARGV[2])
return {'OK'}
"""
)

# Reading renews the session like any use. KEYS: cart, carts with items. ARGV: ttl, expiry score,
# session id, copies' key prefix, caller.
LER = (
    _RETRATO
    + _DONO
    + """
if not do_chamador(KEYS[1], ARGV[5]) then return {'SESSAO_NAO_ENCONTRADA'} end
if redis.call('EXPIRE', KEYS[1], ARGV[1]) == 0 then return {'SESSAO_NAO_ENCONTRADA'} end
redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[3])
return {'OK', retrato(KEYS[1], ARGV[4])}
"""
)

# KEYS: cart, local events, carts with items, order → cart. ARGV: order id, event, session, ttl,
# the cart's count of checkouts when it was read, the order's lines (JSON). Only an open cart at that
# count closes; a cart whose count moved on already saw this order's fate (2), one closed with another
# order refuses (0). The order's lines are kept: its confirmation takes only them out of the cart.
# (dominio.desfecho.fechar)
FECHAR = """
if tonumber(redis.call('HGET', KEYS[1], '_checkouts') or '0') ~= tonumber(ARGV[5]) then return 2 end
local estado = redis.call('HGET', KEYS[1], '_estado')
if not estado then return 2 end
if estado ~= 'ABERTO' then
  return redis.call('HGET', KEYS[1], '_pedido_id') == ARGV[1] and 1 or 0
end
redis.call('HSET', KEYS[1], '_estado', 'FECHADO', '_pedido_id', ARGV[1], '_pedido_itens', ARGV[6])
redis.call('ZREM', KEYS[3], ARGV[3])
redis.call('SET', KEYS[4], ARGV[3], 'EX', ARGV[4])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'evento', ARGV[2])
return 1
"""
# KEYS: cart, local events. ARGV: order id, event json, "esvaziar" or "reabrir". Emptying takes out
# what the order bought: a line added while the checkout ran stays for the next purchase.
# (dominio.desfecho.concluir)
CONCLUIR = """
if redis.call('HGET', KEYS[1], '_pedido_id') ~= ARGV[1] then return 0 end
if ARGV[3] == 'esvaziar' then
  for _, item in ipairs(cjson.decode(redis.call('HGET', KEYS[1], '_pedido_itens') or '[]')) do
    local campo = 'item:' .. item[1]
    local resta = tonumber(redis.call('HGET', KEYS[1], campo) or '0') - item[2]
    if resta > 0 then
      redis.call('HSET', KEYS[1], campo, resta)
    elseif redis.call('HDEL', KEYS[1], campo, 'preco:' .. item[1]) > 0 then
      redis.call('HINCRBY', KEYS[1], '_linhas', -1)
    end
  end
end
redis.call('HDEL', KEYS[1], '_pedido_itens')
redis.call('HSET', KEYS[1], '_estado', 'ABERTO', '_ultimo_pedido_id', ARGV[1])
redis.call('HDEL', KEYS[1], '_pedido_id')
redis.call('HINCRBY', KEYS[1], '_versao', 1)
-- The next checkout of this cart is another one: it gets a key of its own.
redis.call('HINCRBY', KEYS[1], '_checkouts', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'evento', ARGV[2])
return 1
"""
# Newer versions replace older ones: events can arrive out of order. An older version only fills
# fields the copy lacks (a copy made from a PrecoAlterado alone has no name, flag or stock yet).
# (dominio.produto.gravar_se_mais_novo)
GRAVAR_SE_MAIS_NOVO = """
local atual = tonumber(redis.call('HGET', KEYS[1], 'versao') or '0')
local mais_novo = tonumber(ARGV[1]) >= atual
for i = 2, #ARGV, 2 do
  if mais_novo then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  else redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return mais_novo and 1 or 0
"""
