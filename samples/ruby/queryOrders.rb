# 订单查询: GET /orders
# Ruby 2.7+, standard library only: ruby queryOrders.rb
# Settings come from the environment; the defaults are the sandbox's demo app.
# PAYCONTRACT_PARAM_IDS names the data to act on; unset, the sample first creates it with
# 订单创建 (POST /orders).
require 'json'
require 'net/http'
require 'openssl'
require 'uri'

# An environment variable, or the default when it is unset or empty.
def env(name, default)
  value = ENV[name]
  value.nil? || value.empty? ? default : value
end

BASE_URL = env('PAYCONTRACT_BASE_URL', 'http://127.0.0.1:8000/v1')
APP_ID = env('PAYCONTRACT_APP_ID', '10001')
APP_SECRET = env('PAYCONTRACT_APP_SECRET', 'demo-secret-10001')

# ---- BEGIN SIGNING ----
# All parameters but sign and the empty ones, sorted by name, joined; then the key.
def string_to_sign(params, secret)
  pairs = params.reject { |name, value| name == 'sign' || value.empty? }.sort
  joined = pairs.map { |name, value| name + '=' + value }.join('&')
  joined + '&key=' + secret
end

# The sign parameter in uppercase hex; sign_type 1: MD5, 2: HMAC-SHA256 (default 2).
def sign(params, secret, sign_type)
  message = string_to_sign(params, secret)
  case sign_type.to_s.empty? ? '2' : sign_type
  when '1' then OpenSSL::Digest.new('md5').hexdigest(message).upcase
  when '2' then OpenSSL::HMAC.hexdigest('sha256', secret, message).upcase
  else raise ArgumentError, "unknown sign_type #{sign_type}"
  end
end
# ---- END SIGNING ----

# Send a request (form: a form body, or nil) and return the response body.
def send_request(method, url, headers, form)
  uri = URI(url)
  request = Net::HTTPGenericRequest.new(method, !form.nil?, true, uri, headers)
  unless form.nil?
    request.content_type = 'application/x-www-form-urlencoded'
    request.body = URI.encode_www_form(form)
  end
  Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == 'https') { |http| http.request(request) }.body
end

token_form = { 'app_id' => APP_ID, 'app_secret' => APP_SECRET }
token = JSON.parse(send_request('POST', BASE_URL + '/token', {}, token_form))['data']['access_token']

ids = env('PAYCONTRACT_PARAM_IDS', nil)
if ids.nil? # none given: 订单创建 creates one
  setup = { 'app_id' => APP_ID, 'pay_type' => '1', 'amount' => '1000', 'sign_type' => '2' }
  setup['sign'] = sign(setup, APP_SECRET, setup['sign_type'])
  answer = send_request('POST', BASE_URL + '/orders', { 'access_token' => token }, setup)
  ids = JSON.parse(answer)['data']['id']
end

query = {
  'ids' => ids,
  'app_id' => APP_ID,
  'sign_type' => '2'
}
query['sign'] = sign(query, APP_SECRET, query['sign_type'])
url = BASE_URL + '/orders' + '?' + URI.encode_www_form(query)
headers = { 'access_token' => token }
puts send_request('GET', url, headers, nil)
