# 支付: POST /payments
# Ruby 2.7+, standard library only: ruby pay.rb
# Settings come from the environment; the defaults are the sandbox's demo app.
require 'json'
require 'net/http'
require 'openssl'
require 'uri'

# An environment variable, or the default when it is unset or empty.
def env(name, default)
  value = ENV[name]
  value.nil? || value.empty? ? default : value
end

BASE_URL = env('PAYCONTRACT_BASE_URL', 'http://localhost:7000')
MERCHANT = env('PAYCONTRACT_MERCHANT', 'm-1')
API_KEY = env('PAYCONTRACT_API_KEY', 'k-1')

# ---- BEGIN SIGNING ----
# All parameters but signature and the empty ones, sorted by name, joined; then the key.
def string_to_sign(params, secret)
  pairs = params.reject { |name, value| name == 'signature' || value.empty? }.sort
  joined = pairs.map { |name, value| name + '=' + value }.join('&')
  joined + '&secret=' + secret
end

# The signature parameter in uppercase hex; signature_method 1: MD5, 2: HMAC-SHA256 (default 1).
def sign(params, secret, sign_type)
  message = string_to_sign(params, secret)
  case sign_type.to_s.empty? ? '1' : sign_type
  when '1' then OpenSSL::Digest.new('md5').hexdigest(message).upcase
  when '2' then OpenSSL::HMAC.hexdigest('sha256', secret, message).upcase
  else raise ArgumentError, "unknown signature_method #{sign_type}"
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

token_form = { 'merchant' => MERCHANT, 'api_key' => API_KEY }
token = JSON.parse(send_request('POST', BASE_URL + '/session', {}, token_form))['session']['access_token']

form = {
  'merchant' => MERCHANT,
  'amount' => '5'
}
form['signature'] = sign(form, API_KEY, form['signature_method'])
url = BASE_URL + '/payments'
headers = { 'access_token' => token }
puts send_request('POST', url, headers, form)
