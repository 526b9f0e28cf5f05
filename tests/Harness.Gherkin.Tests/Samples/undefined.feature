Feature: Undefined sample

  Scenario: A step has no binding
    Given a counter starting at 1
    When I multiply by 7
