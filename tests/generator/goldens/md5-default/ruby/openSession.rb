# 会话: POST /session
# Ruby 2.7+, standard library only: ruby openSession.rb
# Settings come from the environment; the defaults are the sandbox's demo app.
require 'net/http'
require 'uri'

# An environment variable, or the default when it is unset or empty.
def env(name, default)
  value = ENV[name]
  value.nil? || value.empty? ? default : value
end

BASE_URL = env('PAYCONTRACT_BASE_URL', 'http://localhost:7000')
MERCHANT = env('PAYCONTRACT_MERCHANT', 'm-1')
API_KEY = env('PAYCONTRACT_API_KEY', 'k-1')

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

form = {
  'merchant' => MERCHANT,
  'api_key' => API_KEY
}
url = BASE_URL + '/session'
headers = {}
puts send_request('POST', url, headers, form)
