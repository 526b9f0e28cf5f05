Feature: Pending sample

  Scenario: A step is still pending
    Given a counter starting at 1
    When I do something not written yet
